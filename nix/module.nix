# programs.flakedeck: Flakedeck for every user of a NixOS machine.
#
# It leaves the nix settings alone: Flakedeck runs `nix` with flakes, so a machine needs
#   nix.settings.experimental-features = [ "nix-command" "flakes" ];
# (or a nix that has them on by default), and switching runs nixos-rebuild through sudo.
{ self }:
{
  config,
  lib,
  pkgs,
  ...
}:

let
  cfg = config.programs.flakedeck;
in
{
  options.programs.flakedeck = {
    enable = lib.mkEnableOption "Flakedeck, a desktop app for authoring NixOS flake configurations";

    package = lib.mkOption {
      type = lib.types.package;
      default = self.packages.${pkgs.stdenv.hostPlatform.system}.default;
      defaultText =
        lib.literalExpression "flakedeck.packages.\${pkgs.stdenv.hostPlatform.system}.default";
      description = ''
        The Flakedeck package: the `flakedeck` command and launcher, its desktop entry and icon.
        For one built against this system's nixpkgs, add the flake's `overlays.default` and use
        `pkgs.flakedeck`.
      '';
    };
  };

  config = lib.mkIf cfg.enable { environment.systemPackages = [ cfg.package ]; };
}
