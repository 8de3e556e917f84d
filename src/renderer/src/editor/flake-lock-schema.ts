// JSON schema of flake.lock (version 7) for Monaco's validation and hovers.
export const flakeLockSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'flake.lock',
  type: 'object',
  required: ['nodes', 'root', 'version'],
  properties: {
    version: { const: 7, description: 'Lock file format version; Flakedeck reads version 7.' },
    root: { type: 'string', description: 'Label of the root node (the flake itself).' },
    nodes: {
      type: 'object',
      description: 'Every locked flake, by label. Labels are arbitrary (nixpkgs_2).',
      additionalProperties: {
        type: 'object',
        properties: {
          inputs: {
            type: 'object',
            description:
              'Input name → node label, or a follows path (array of input names from the root).',
            additionalProperties: {
              oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
            },
          },
          locked: {
            type: 'object',
            description: 'The exact source this input is locked to.',
            properties: {
              type: {
                type: 'string',
                enum: [
                  'github',
                  'gitlab',
                  'sourcehut',
                  'git',
                  'path',
                  'tarball',
                  'file',
                  'mercurial',
                  'indirect',
                ],
              },
              rev: { type: 'string', description: 'Locked commit.' },
              narHash: { type: 'string' },
              lastModified: {
                type: 'integer',
                description: 'Commit time, seconds since the epoch.',
              },
            },
            required: ['type'],
          },
          original: { type: 'object', description: 'The reference as written in flake.nix.' },
          flake: { type: 'boolean', description: 'false for inputs that are not flakes.' },
        },
      },
    },
  },
} as const
