import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Bundles the toolkit floor (index.ts beside this file) as any action built from
 * @actions/core and @actions/http-client with ncc would be. It is built in a directory of its
 * own, with copies of those packages, because ncc honours this repository's tsconfig paths for
 * every module it bundles, and here they defer undici (build/undici-on-demand.cjs): the floor
 * must not get that change. Returns the bundle's path.
 */
export async function buildToolkitFloor(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'toolkit-floor-'))
  copyPackages(['@actions/core', '@actions/http-client'], join(dir, 'node_modules'))
  cpSync('bench/toolkit-floor/index.ts', join(dir, 'index.ts'))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ES2022', moduleResolution: 'Bundler' },
      files: ['index.ts']
    })
  )
  const ncc = join(process.cwd(), 'node_modules/@vercel/ncc/dist/ncc/cli.js')
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [ncc, 'build', 'index.ts', '-o', 'out', '-q', '-t'], {
      cwd: dir,
      stdio: 'inherit'
    })
    child.on('close', code => (code === 0 ? resolve() : reject(new Error(`ncc exited ${code}`))))
  })
  return join(dir, 'out', 'index.js')
}

/** Copies the named packages and their dependencies from ./node_modules, as npm laid them out. */
function copyPackages(names: string[], into: string, copied = new Set<string>()): void {
  for (const name of names) {
    if (copied.has(name)) continue
    copied.add(name)
    const from = join('node_modules', name)
    if (!existsSync(from)) throw new Error(`${from} is missing: run npm ci`)
    cpSync(from, join(into, name), { recursive: true })
    const manifest = JSON.parse(readFileSync(join(from, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>
    }
    copyPackages(Object.keys(manifest.dependencies ?? {}), into, copied)
  }
}
