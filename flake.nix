{
  description = "Flakedeck: a desktop app for authoring NixOS flake configurations";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-25.11";

  outputs =
    { self, nixpkgs }:
    let
      # Flakedeck is for NixOS, and nixpkgs' Electron runs on these.
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      packages = forAllSystems (pkgs: rec {
        flakedeck = pkgs.callPackage ./nix/package.nix { };
        default = flakedeck;
      });

      # `nix run github:<owner>/flakedeck` opens the desktop app; with arguments it is the CLI
      # (`nix run github:<owner>/flakedeck -- serve`).
      apps = forAllSystems (pkgs: {
        default = {
          type = "app";
          program = "${self.packages.${pkgs.stdenv.hostPlatform.system}.default}/bin/flakedeck";
          meta.description = "Edit, update, rebuild and compare NixOS flake configurations";
        };
      });

      # `nix develop`: Node, a C/C++ toolchain, git, nix, Chromium and nixpkgs' Electron for
      # `npm install`, `npm start` and `npm test`.
      devShells = forAllSystems (pkgs: {
        default = pkgs.callPackage ./nix/shell.nix { };
      });

      # Flakedeck built against the nixpkgs it is added to (`nixpkgs.overlays = [ … ]`).
      overlays.default = final: _prev: { flakedeck = final.callPackage ./nix/package.nix { }; };

      # `programs.flakedeck.enable = true;` in a NixOS configuration.
      nixosModules.default = import ./nix/module.nix { inherit self; };
    };
}
