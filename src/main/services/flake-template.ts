// A new flake repo in the usual shape: flake.nix with a nixpkgs input and
// nixosConfigurations.<host>, configuration.nix, optionally home-manager; then git init and the
// first commit, so nix can read it at once.
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../shared/app-error'
import type { GitService } from './git'
import { toRepoPath } from './files/repo-paths'

export interface FlakeTemplateOptions {
  hostname: string
  homeManager: boolean
  userName?: string | undefined
  /** e.g. x86_64-linux */
  system: string
  /** Copied in and imported when present (a NixOS machine has one in /etc/nixos). */
  hardwareConfiguration?: string | null
}

export function nixSystemFor(arch: string): string {
  return arch === 'arm64' ? 'aarch64-linux' : arch === 'x64' ? 'x86_64-linux' : `${arch}-linux`
}

/** NixOS keeps the machine's hardware configuration here; a new flake imports a copy. */
const hardwareConfiguration = '/etc/nixos/hardware-configuration.nix'

/** What a new flake takes from the machine it is made on: its system, and its hardware file. */
export function thisMachine(): Pick<FlakeTemplateOptions, 'system' | 'hardwareConfiguration'> {
  return {
    system: nixSystemFor(process.arch),
    hardwareConfiguration: existsSync(hardwareConfiguration) ? hardwareConfiguration : null,
  }
}

export function flakeNix(o: FlakeTemplateOptions): string {
  const user = o.userName ?? 'alice'
  const hmInput = o.homeManager
    ? `
    home-manager = {
      url = "github:nix-community/home-manager";
      inputs.nixpkgs.follows = "nixpkgs";
    };`
    : ''
  const hmArgs = o.homeManager ? ', home-manager' : ''
  const hmModules = o.homeManager
    ? `
        home-manager.nixosModules.home-manager
        {
          home-manager.useGlobalPkgs = true;
          home-manager.useUserPackages = true;
          home-manager.users.${user} = import ./home.nix;
        }`
    : ''
  return `{
  description = "NixOS configuration of ${o.hostname}";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";${hmInput}
  };

  outputs = { self, nixpkgs${hmArgs}, ... }: {
    nixosConfigurations.${o.hostname} = nixpkgs.lib.nixosSystem {
      modules = [
        ./configuration.nix${hmModules}
        # Record the commit a system was built from (shown by nixos-version --configuration-revision).
        { system.configurationRevision = self.rev or self.dirtyRev or null; }
      ];
    };
  };
}
`
}

export function configurationNix(o: FlakeTemplateOptions): string {
  const hardware = o.hardwareConfiguration
    ? '  imports = [ ./hardware-configuration.nix ];\n\n'
    : '  # Copy /etc/nixos/hardware-configuration.nix of this machine here and import it:\n  # imports = [ ./hardware-configuration.nix ];\n\n'
  const user = o.userName
    ? `
  users.users.${o.userName} = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
  };
`
    : ''
  return `{ config, pkgs, ... }:

{
${hardware}  networking.hostName = "${o.hostname}";
  nixpkgs.hostPlatform = "${o.system}";

  nix.settings.experimental-features = [ "nix-command" "flakes" ];

  boot.loader.systemd-boot.enable = true;
  boot.loader.efi.canTouchEfiVariables = true;
${user}
  environment.systemPackages = with pkgs; [
    git
    vim
  ];

  # The release this machine was first installed with; see the NixOS manual before changing it.
  system.stateVersion = "26.05";
}
`
}

export function homeNix(): string {
  return `{ pkgs, ... }:

{
  home.stateVersion = "26.05";
  programs.git.enable = true;
  home.packages = with pkgs; [ ripgrep ];
}
`
}

export async function createFlakeRepo(
  git: GitService,
  dir: string,
  options: FlakeTemplateOptions,
): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw error
  })
  if (entries === null) {
    await mkdir(dir, { recursive: true })
  } else {
    if (!(await stat(dir)).isDirectory()) {
      throw new AppError('not-a-directory', `${dir} is a file.`, {
        hint: 'Choose a new folder name.',
      })
    }
    if (entries.length > 0) {
      throw new AppError('conflict', `${dir} is not empty.`, {
        hint: 'A new flake goes into a new or empty folder; to use an existing repo, open it instead.',
      })
    }
  }
  await writeFile(join(dir, 'flake.nix'), flakeNix(options))
  await writeFile(join(dir, 'configuration.nix'), configurationNix(options))
  if (options.homeManager) await writeFile(join(dir, 'home.nix'), homeNix())
  if (options.hardwareConfiguration) {
    await copyFile(options.hardwareConfiguration, join(dir, 'hardware-configuration.nix'))
  }
  await writeFile(join(dir, '.gitignore'), 'result\nresult-*\n')
  await git.init(dir, 'main')
  const { untracked } = await git.listFiles(dir)
  const written = await Promise.all(untracked.map((path) => toRepoPath(dir, path)))
  await git.commit(dir, written, 'Initial NixOS flake (created by Flakedeck)')
}
