// about: an option of the wrong JSON type that Go reads into one of guregu's null types (userAgent is a null.String): k6 cannot load the script
// conformance: {}
export const options = { userAgent: 5 };
export default function () {}
