// Imports the build resolves (electron-vite): `./worker?modulePath` is the path of that module,
// bundled on its own (vitest.config.ts resolves it the same way for the tests).
/// <reference types="electron-vite/node" />
