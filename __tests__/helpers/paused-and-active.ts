import { DialNexaSimulator, SIMULATOR_API_KEY } from '../../simulator/simulator.js'

/** The pause action's two steps, as runWithPost runs them. */
export const PAUSE = { main: 'dist/pause/main.js', post: 'dist/pause/post.js' }

/** A simulator with wfl_p (paused) and wfl_a (active), started. */
export async function startPausedAndActive(): Promise<{ sim: DialNexaSimulator; url: string }> {
  const sim = new DialNexaSimulator({
    workflows: [
      { id: 'wfl_p', name: 'Nurture', status: 'paused', enrolled_leads: 3 },
      { id: 'wfl_a', name: 'Busy', status: 'active', enrolled_leads: 5 }
    ]
  })
  return { sim, url: await sim.start() }
}

/** Inputs for the simulator at `url`: its key and address, and `more`. */
export const simulatorInputs = (url: string, more: Record<string, string>) => ({
  'api-key': SIMULATOR_API_KEY,
  'api-url': url,
  ...more
})
