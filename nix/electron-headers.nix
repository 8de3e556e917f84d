# Electron's Node headers as a directory, for node-gyp's --nodedir (npm_config_nodedir), so native
# modules build for Electron's ABI without downloading anything. nixpkgs' `electron.headers` is the
# headers tarball (electron-bin) or, for an Electron built from source, may be a directory already.
{
  runCommand,
  electron,
}:

runCommand "electron-headers-${electron.version}" { } ''
  if [ -d ${electron.headers} ]; then
    cp -r ${electron.headers} $out
  else
    mkdir -p $out
    tar -xf ${electron.headers} -C $out --strip-components=1
  fi
  chmod -R u+w $out
  test -f $out/include/node/node_version.h
''
