#!@shell@
# The `flakedeck` launcher that nix/package.nix installs (the @…@ names are filled in there).
#
#   flakedeck                        the desktop app
#   flakedeck --flake DIR            the desktop app, opening DIR
#   flakedeck PATH-OR-URL            the desktop app (what a .desktop file's %U passes)
#   flakedeck COMMAND [OPTIONS]      the command line: serve, inputs, generations, diff, help, …
#   flakedeck --help | --version     the command line's help and version
#
# Both run in the same Electron, the CLI as Node (ELECTRON_RUN_AS_NODE=1), so one build of the
# native modules (Electron's ABI) serves both.

app='@app@'

# A desktop launcher may start this with a minimal environment. Flakedeck runs the system's own nix,
# git, nixos-rebuild and sudo: NixOS keeps them in these directories (the app adds them too, and
# leaves entries already on PATH first). nixpkgs' git comes last, for a system without one.
add_path() {
  case ":${PATH-}:" in
    *":$1:"*) ;;
    *) PATH="${PATH:+$PATH:}$1" ;;
  esac
}
add_path /run/wrappers/bin
if [ -n "${HOME-}" ]; then
  add_path "$HOME/.nix-profile/bin"
  add_path "$HOME/.local/state/nix/profile/bin"
fi
user="${USER:-${LOGNAME-}}"
if [ -n "$user" ]; then
  add_path "/etc/profiles/per-user/$user/bin"
fi
add_path /nix/var/nix/profiles/default/bin
add_path /run/current-system/sw/bin
add_path '@fallbackPath@'
export PATH

# Icons, MIME data and GTK settings for the file dialogs: NixOS's locations when unset (the
# freedesktop default, /usr/share, holds nothing on NixOS).
if [ -z "${XDG_DATA_DIRS-}" ]; then
  XDG_DATA_DIRS=/nix/var/nix/profiles/default/share:/run/current-system/sw/share
  if [ -n "$user" ]; then XDG_DATA_DIRS="/etc/profiles/per-user/$user/share:$XDG_DATA_DIRS"; fi
  if [ -n "${HOME-}" ]; then XDG_DATA_DIRS="$HOME/.nix-profile/share:$XDG_DATA_DIRS"; fi
  export XDG_DATA_DIRS
fi

# better-sqlite3 is not N-API: use the build made for this Electron, whatever the caller's
# environment says (a dev shell sets this to a checkout's build).
export FLAKEDECK_SQLITE_BINDING="$app/node_modules/better-sqlite3/build/Release/better_sqlite3.node"

# A word that is neither an option nor a path or URL is a command (an unknown one gets the CLI's
# help); --help and --version too. A .desktop file's %U passes absolute paths or URLs.
is_command() {
  case "$1" in
    --help | -h | --version | -v) return 0 ;;
    -* | */* | *:* | .*) return 1 ;;
    *) return 0 ;;
  esac
}

if [ "$#" -gt 0 ] && is_command "$1"; then
  # The unwrapped binary: the wrapper may add Chromium flags (Wayland) that Node would refuse.
  ELECTRON_RUN_AS_NODE=1 exec '@electronNode@' "$app/out/main/cli.js" "$@"
fi

unset ELECTRON_RUN_AS_NODE
exec '@electron@' "$app" "$@"
