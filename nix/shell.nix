# `nix develop`: what `npm install`, `npm start` and `npm test` need on NixOS. The Electron binary
# the npm package would download is a generic Linux build that cannot start on NixOS, so nixpkgs'
# Electron takes its place. mkShell's stdenv brings the C/C++ compiler and make for node-gyp.
{
  lib,
  mkShell,
  callPackage,
  electron,
  nodejs_22,
  python3,
  git,
  nix,
  chromium,
}:

let
  electronHeaders = callPackage ./electron-headers.nix { inherit electron; };
in
mkShell {
  packages = [
    nodejs_22
    python3
    git
    nix
    chromium
    electron
  ];

  # `npm install` skips the download, and whatever starts Electron gets nixpkgs' instead: the npm
  # package (Playwright's launch test, `npx electron`) joins ELECTRON_OVERRIDE_DIST_PATH with the
  # executable's name; electron-vite (`npm start`, `npm run dev`) reads ELECTRON_EXEC_PATH.
  ELECTRON_SKIP_BINARY_DOWNLOAD = "1";
  ELECTRON_OVERRIDE_DIST_PATH = "${electron}/bin";
  ELECTRON_EXEC_PATH = "${electron}/bin/electron";
  # electron-vite builds for the Node and Chromium of the Electron that runs the app.
  ELECTRON_MAJOR_VER = lib.versions.major electron.version;

  # scripts/native-for-electron.mjs (run by `npm start`) builds better-sqlite3 against these
  # headers, for this Electron's ABI, without downloading them.
  npm_config_nodedir = "${electronHeaders}";

  # Playwright's browser (playwright.config.ts, scripts).
  FLAKEDECK_CHROMIUM = "${chromium}/bin/chromium";
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = "1";

  # native-for-electron.mjs names its build after the npm package's Electron version (from
  # package-lock.json); the Electron that loads it is nixpkgs', which would look
  # under its own version. Point the app at the build by its path.
  shellHook = ''
    _fdRoot=$(git rev-parse --show-toplevel 2>/dev/null || pwd)
    if [ -z "''${FLAKEDECK_SQLITE_BINDING-}" ] && [ -f "$_fdRoot/package-lock.json" ]; then
      _fdElectron=$(node -p 'require(process.argv[1]).packages["node_modules/electron"].version' \
        "$_fdRoot/package-lock.json" 2>/dev/null) || _fdElectron=
      if [ -n "$_fdElectron" ]; then
        export FLAKEDECK_SQLITE_BINDING="$_fdRoot/.native/electron-$_fdElectron/better_sqlite3.node"
      fi
    fi
    unset _fdRoot _fdElectron
    echo "Flakedeck dev shell: Node $(node --version), nixpkgs' Electron ${electron.version}"
  '';
}
