#!/usr/bin/env bash
# A modern nix for the test suite, beside the machine's own (Debian 12's nix 2.8).
#
# Unpacks Debian 13 (trixie)'s nix-bin and the libraries it needs into a cache folder outside the
# clone and writes one wrapper per nix command that runs it through trixie's own dynamic loader, so
# nothing of the system changes: apt uses a private configuration (its own sources list, lists,
# cache and an empty dpkg status), and the mirror is the one this machine's apt sources already name.
#
# Idempotent: a second run with the cache in place prints the bin folder and does nothing else.
# Prints the folder to put first on PATH (FLAKEDECK_TEST_NIX) as its last line.
#
# Usage: scripts/install-test-nix.sh [CACHE_DIR]   (default ~/.cache/flakedeck/test-nix)
set -euo pipefail

suite=trixie
cache=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/flakedeck/test-nix}
root=$cache/root
bin=$cache/bin

if [ -x "$bin/nix" ] && "$bin/nix" --version >/dev/null 2>&1; then
  echo "$bin"
  exit 0
fi

# The Debian mirror this machine already uses: deb822 sources first, then the one-line format.
mirror=''
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' "$f")
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)
fi
if [ -z "$mirror" ]; then
  echo "install-test-nix: no Debian mirror found in /etc/apt/sources.list(.d)" >&2
  exit 1
fi

work=$cache/apt
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs" "$work/etc"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\nSigned-By: %s\n' \
  "$mirror" "$suite" "$keyring" >"$work/etc/trixie.sources"
: >"$work/status"

apt_opts=(
  -o "Dir::Etc::sourcelist=/dev/null"
  -o "Dir::Etc::sourceparts=$work/etc"
  -o "Dir::State::lists=$work/lists"
  -o "Dir::Cache=$work/cache"
  -o "Dir::State::status=$work/status"
  -o "Debug::NoLocking=1"
  -o "APT::Architecture=amd64"
  -o "APT::Architectures=amd64"
)
case "$(uname -m)" in
  x86_64) ;;
  *)
    echo "install-test-nix: only x86_64 is supported here (this is $(uname -m))" >&2
    exit 1
    ;;
esac

echo "install-test-nix: reading $suite's package lists" >&2
apt-get "${apt_opts[@]}" -q update >&2

# nix-bin and everything it depends on (trixie's own libc and loader included), by name.
mapfile -t packages < <(
  apt-cache "${apt_opts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances --no-pre-depends nix-bin \
    | grep -v '^ ' | grep -v '^<' | sort -u
)
mapfile -t predeps < <(
  apt-cache "${apt_opts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances nix-bin \
    | grep -v '^ ' | grep -v '^<' | sort -u
)
packages=($(printf '%s\n' "${packages[@]}" "${predeps[@]}" | sort -u))
echo "install-test-nix: downloading ${#packages[@]} packages" >&2
(cd "$work/debs" && apt-get "${apt_opts[@]}" -q download "${packages[@]}" >&2)

rm -rf "$root.tmp"
mkdir -p "$root.tmp"
for deb in "$work/debs"/*.deb; do
  dpkg-deb -x "$deb" "$root.tmp"
done
rm -rf "$root"
mv "$root.tmp" "$root"

loader=$root/usr/lib64/ld-linux-x86-64.so.2
[ -e "$loader" ] || loader=$root/lib64/ld-linux-x86-64.so.2
libs=$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu

mkdir -p "$bin.tmp"
for name in nix nix-env nix-store nix-instantiate nix-build nix-collect-garbage nix-shell nix-channel nix-hash nix-prefetch-url; do
  # The build hook would re-execute this loader and fail ("unexpected EOF reading a line"): this
  # nix gets an empty build-hook in its own wrapper only (nix 2.8 breaks with an empty one).
  cat >"$bin.tmp/$name" <<EOF
#!/bin/sh
NIX_CONFIG="\${NIX_CONFIG:+\$NIX_CONFIG
}build-hook =" exec "$loader" --library-path "$libs" --argv0 "$name" "$root/usr/bin/nix" "\$@"
EOF
  chmod +x "$bin.tmp/$name"
done
rm -rf "$bin"
mv "$bin.tmp" "$bin"

"$bin/nix" --version >&2
echo "$bin"
