// Ink loads react-devtools-core only when DEV=true; the kiosk bundle ships without it.
export default { initialize() {}, connectToDevTools() {} };
