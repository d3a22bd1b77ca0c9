import { ValidationError } from '../../base/errors.js';
import { num, str, UsageError, type CliCommand } from '../command.js';
import { DATA_OPTION } from './serve.js';

export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'Create, list or revoke API tokens of the service (qec token create|list|revoke).',
  description:
    'create prints a new token for account NAME (created when new) once: only its SHA-256 is stored. list shows every token by id, account and prefix. revoke --id N stops a token at once. Works on the database of qec serve --data DIR (the server may be running).',
  positionals: [{ name: 'action', help: 'create, list or revoke', required: true }],
  options: [
    DATA_OPTION,
    { name: 'name', kind: 'string', value: 'NAME', help: 'account name (create)' },
    { name: 'id', kind: 'int', value: 'N', help: 'token id (revoke)', min: 1, max: 2 ** 53 - 1 },
  ],
  examples: ['qec token create --name alice', 'qec token list', 'qec token revoke --id 3'],
  async run(opts, io) {
    const action = str(opts, 'action');
    if (action !== 'create' && action !== 'list' && action !== 'revoke')
      throw new UsageError(`qec token: expected create, list or revoke, got '${action ?? ''}'`);
    const { ServiceStore } = await import('../../service/store.js');
    const store = new ServiceStore(str(opts, 'data') ?? './qec-data');
    try {
      if (action === 'create') {
        const name = str(opts, 'name');
        if (name === undefined) throw new UsageError('qec token create: missing required option --name NAME');
        const t = store.createToken(name);
        io.stdout(`${t.token}\n`);
        io.stderr(`token ${t.id} for account '${t.user.name}' (shown once; only its hash is stored)\n`);
      } else if (action === 'list') {
        io.stdout('id\taccount\tprefix\tcreated\trevoked\n');
        for (const t of store.listTokens())
          io.stdout(`${t.id}\t${t.user}\t${t.prefix}…\t${t.createdAt}\t${t.revokedAt ?? '-'}\n`);
      } else {
        const id = num(opts, 'id');
        if (id === undefined) throw new UsageError('qec token revoke: missing required option --id N');
        if (!store.revokeToken(id))
          throw new ValidationError(`no active token with id ${id} (see qec token list)`);
        io.stderr(`token ${id} revoked\n`);
      }
    } finally {
      store.close();
    }
    return 0;
  },
};
