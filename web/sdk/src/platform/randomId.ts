/** 32 random hex digits (128 bits), for client message ids: a retry reuses the id, so the server stores it once. */
export function randomHexId(): string {
  const bytes = new Uint8Array(16);
  if (crypto !== undefined) {
    crypto.getRandomValues(bytes);
  } else {
    // Hosts without Web Crypto: ids only need to be unique per sender, not secret.
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = Math.floor(Math.random() * 256);
    }
  }

  let hex = "";
  for (const byte of bytes) {
    hex += byte.toString(16).padStart(2, "0");
  }

  return hex;
}
