# Flakedeck built with nixpkgs' Node tooling and run by nixpkgs' Electron: the desktop app and the
# `flakedeck` command share one launcher (nix/flakedeck.sh), one Electron and one native build.
{
  lib,
  buildNpmPackage,
  callPackage,
  electron,
  git,
  nodejs_22,
  runtimeShell,
  # See nix/npm-deps-hash.nix.
  npmDepsHash ? import ./npm-deps-hash.nix,
}:

let
  packageJson = lib.importJSON ../package.json;
  electronHeaders = callPackage ./electron-headers.nix { inherit electron; };
in
buildNpmPackage {
  pname = "flakedeck";
  inherit (packageJson) version;

  # What the build reads; docs, tests and the Nix files do not cause a rebuild.
  src = lib.fileset.toSource {
    root = ../.;
    fileset = lib.fileset.unions [
      ../package.json
      ../package-lock.json
      ../electron.vite.config.ts
      ../tsconfig.json
      ../tsconfig.base.json
      ../tsconfig.node.json
      ../tsconfig.web.json
      ../src
      ../resources
    ];
  };

  # Electron's npm package needs Node 22.12+.
  nodejs = nodejs_22;

  npmDepsHash =
    if npmDepsHash != null then
      npmDepsHash
    else
      throw (
        "flakedeck: npmDepsHash is not pinned yet (nix/npm-deps-hash.nix is null); it needs a "
        + "package-lock.json whose entries have `resolved` URLs. See nix/npm-deps-hash.nix."
      );

  env = {
    # nixpkgs' Electron runs the app: no download, and electron-vite targets that Electron's Node
    # and Chromium rather than the version of the npm package.
    ELECTRON_SKIP_BINARY_DOWNLOAD = "1";
    ELECTRON_MAJOR_VER = lib.versions.major electron.version;
  };

  # `npm rebuild` would run better-sqlite3's install script, which tries to download a prebuilt
  # binary for Node; the native modules are built for Electron in preBuild instead.
  npmRebuildFlags = [ "--ignore-scripts" ];

  # better-sqlite3 is not N-API, so it must match Electron's ABI; node-pty is N-API and is built the
  # same way. Electron's headers come from nixpkgs, so nothing is downloaded.
  preBuild = ''
    nodeGyp=$PWD/node_modules/node-gyp/bin/node-gyp.js
    for module in better-sqlite3 node-pty; do
      pushd node_modules/$module
      node "$nodeGyp" rebuild --release --jobs "$NIX_BUILD_CORES" \
        --runtime=electron --target=${electron.version} --nodedir=${electronHeaders}
      popd
    done
  '';

  installPhase = ''
    runHook preInstall

    npm prune --omit=dev --no-save
    # Keep only the built modules (node-pty's loader also looks for spawn-helper), not the object
    # files and Makefiles that name the build's headers and toolchain.
    for module in better-sqlite3 node-pty; do
      find node_modules/$module/build -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} +
      find node_modules/$module/build/Release -mindepth 1 -maxdepth 1 \
        ! -name '*.node' ! -name spawn-helper -exec rm -rf {} +
    done

    app=$out/lib/flakedeck
    mkdir -p $app $out/bin
    cp -r package.json out resources node_modules $app/

    substitute ${./flakedeck.sh} $out/bin/flakedeck \
      --subst-var-by shell ${runtimeShell} \
      --subst-var-by app "$app" \
      --subst-var-by electron ${electron}/bin/electron \
      --subst-var-by electronNode ${electron}/libexec/electron/electron \
      --subst-var-by fallbackPath ${lib.makeBinPath [ git ]}
    chmod +x $out/bin/flakedeck

    install -Dm644 resources/flakedeck.desktop $out/share/applications/flakedeck.desktop
    install -Dm644 resources/icon.svg $out/share/icons/hicolor/scalable/apps/flakedeck.svg
    install -Dm644 resources/icon.png $out/share/icons/hicolor/512x512/apps/flakedeck.png

    runHook postInstall
  '';

  passthru = {
    inherit electron electronHeaders;
  };

  meta = {
    description = packageJson.description;
    license = lib.licenses.mit;
    mainProgram = "flakedeck";
    platforms = lib.platforms.linux;
  };
}
