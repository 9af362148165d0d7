// about: open() of a file that does not exist, in the init context
// conformance: {}
const text = open('./no-such-file.txt');
export default function () {
  console.log(text);
}
