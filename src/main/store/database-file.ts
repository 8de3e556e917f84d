// The database's file name, alone, so code that only looks at the file (read-snapshot.ts) does
// not load SQLite's bindings with database.ts.
export const databaseFileName = 'flakedeck.sqlite'
