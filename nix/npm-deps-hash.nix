# The hash of the npm dependency cache that buildNpmPackage fetches from package-lock.json
# (nix/package.nix). After any change to package-lock.json, compute it with
#
#   nix run nixpkgs#prefetch-npm-deps -- package-lock.json
#
# and write the printed "sha256-…" string here, in quotes.
#
# Not pinned yet (null): prefetch-npm-deps only fetches lock entries that carry a `resolved` URL,
# and this repository's package-lock.json is written without them. Until a lock with `resolved`
# URLs is committed and its hash written here, building the package stops with an error that says
# so; the dev shell (`nix develop`) does not need it.
null
