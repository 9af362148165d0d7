// about: importing a k6 module that does not exist (exit 107)
// conformance: {}
import nope from 'k6/nonexistent';
export default function () {
  nope();
}
