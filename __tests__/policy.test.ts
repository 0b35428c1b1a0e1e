import { judgeConflict, PAUSE_STEP, POST_STEP, RESUME_STEP } from '../src/workflow/policy.js'

/** What each step makes of a status that does not accept its change: values, no words. */

const conflict = (status: string | undefined, ignored: boolean) => ({
  kind: 'conflict',
  status,
  ignored
})

describe('judgeConflict for the resume step', () => {
  it.each(['active', 'draft', 'completed', 'cancelled', 'archiving'])(
    'fails on %s, or lets it pass with ignore-conflict',
    status => {
      expect(judgeConflict(RESUME_STEP, status, false)).toEqual(conflict(status, false))
      expect(judgeConflict(RESUME_STEP, status, true)).toEqual(conflict(status, true))
    }
  )

  it('after a 409, never lets ignore-conflict pass a workflow that still reads as paused, or unread', () => {
    // Something else holds it, or nothing says what it is: not a status the step does not act on.
    expect(judgeConflict(RESUME_STEP, 'Paused', false)).toEqual(conflict('Paused', false))
    expect(judgeConflict(RESUME_STEP, 'paused', true)).toEqual(conflict('paused', false))
    expect(judgeConflict(RESUME_STEP, undefined, false)).toEqual(conflict(undefined, false))
    expect(judgeConflict(RESUME_STEP, undefined, true)).toEqual(conflict(undefined, false))
  })

  it('does not accept a workflow that is already active: someone else resumed it', () => {
    expect(judgeConflict(RESUME_STEP, 'active', false).kind).toBe('conflict')
    expect(judgeConflict(RESUME_STEP, 'running', false).kind).toBe('conflict')
  })
})

describe('judgeConflict for the pause step', () => {
  it('accepts a workflow that is already paused, whatever ignore-conflict says', () => {
    expect(judgeConflict(PAUSE_STEP, 'paused', false)).toEqual({ kind: 'already' })
    expect(judgeConflict(PAUSE_STEP, ' PAUSED ', true)).toEqual({ kind: 'already' })
  })

  it('fails on any other status, or lets it pass with ignore-conflict', () => {
    expect(judgeConflict(PAUSE_STEP, 'draft', false)).toEqual(conflict('draft', false))
    expect(judgeConflict(PAUSE_STEP, 'cancelled', true)).toEqual(conflict('cancelled', true))
    // A 409 while it still reads as active (legacy running too), or unread: another change
    // under way, never passed by ignore-conflict.
    expect(judgeConflict(PAUSE_STEP, 'running', true)).toEqual(conflict('running', false))
    expect(judgeConflict(PAUSE_STEP, undefined, false)).toEqual(conflict(undefined, false))
    expect(judgeConflict(PAUSE_STEP, undefined, true)).toEqual(conflict(undefined, false))
  })
})

describe('judgeConflict for the post step', () => {
  it('accepts a workflow that is active already, legacy running too', () => {
    expect(judgeConflict(POST_STEP, 'active', false)).toEqual({ kind: 'already' })
    expect(judgeConflict(POST_STEP, 'running', false)).toEqual({ kind: 'already' })
  })

  it('leaves a workflow that became final alone, with a warning, whatever ignore-conflict says', () => {
    expect(judgeConflict(POST_STEP, 'cancelled', false)).toEqual(conflict('cancelled', true))
    expect(judgeConflict(POST_STEP, 'completed', false)).toEqual(conflict('completed', true))
    // Not final: ignore-conflict decides.
    expect(judgeConflict(POST_STEP, 'draft', false)).toEqual(conflict('draft', false))
    expect(judgeConflict(POST_STEP, 'draft', true)).toEqual(conflict('draft', true))
  })

  it('fails a refusal that may leave the workflow as the job left it, whatever ignore-conflict says', () => {
    expect(judgeConflict(POST_STEP, 'paused', true)).toEqual(conflict('paused', false))
    expect(judgeConflict(POST_STEP, undefined, true)).toEqual(conflict(undefined, false))
  })
})
