// Starts dynalite for the local stack (Dynalite.java) and reports, on stdout, the port that
// this very process bound: the stack talks to no DynamoDB it did not start. dynalite's own
// cli.js cannot listen on port 0 and reports a taken port only as a log line.
//
//   node dynalite-launcher.js PORT [DATA_DIR]    (PORT 0 = any free port)
'use strict'
const dynalite = require('dynalite')

const port = Number(process.argv[2] || 0)
const path = process.argv[3]
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path })

server.on('error', (error) => {
  console.log('CLOUDFILES-DYNALITE-ERROR ' + (error.code || 'UNKNOWN') + ' ' + error.message)
  process.exit(3)
})
server.listen(port, '127.0.0.1', () => {
  console.log('CLOUDFILES-DYNALITE-LISTENING ' + server.address().port)
})
// The stack holds our stdin open and closes it to stop us; when it goes away (even killed), so do we.
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
// We share the stack's process group: Ctrl-C (SIGINT), a `kill -TERM` of the group or a closed
// terminal (SIGHUP) is meant for the stack, which then stops its parts in order and us last.
// Dying of it here would race the stack's shutdown and look like a crash.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {})
