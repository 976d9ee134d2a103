// The digest shape the platforms accept, written down on the platforms' side: an emulator checks
// uploads with its own rule, not the connector's, so a connector that got it wrong is caught
// instead of agreed with.
export const SHA256_HEX = /^[0-9a-f]{64}$/;
