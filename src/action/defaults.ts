// Generated from action.yml and pause/action.yml by `npm run docs`; do not edit.
export const DEFAULTS: Record<string, { resume?: string; pause?: string }> = {
  'api-url': { resume: 'https://api.dialnexa.com/v1', pause: 'https://api.dialnexa.com/v1' },
  'dry-run': { resume: 'false', pause: 'false' },
  'wait-for-paused': { resume: 'false' },
  'poll-interval': { resume: '10' },
  'wait-timeout': { resume: '600' },
  'ignore-conflict': { resume: 'false', pause: 'false' },
  'calling-hours': { resume: '', pause: '' },
  'time-zone': { resume: '', pause: '' },
  'closed-dates': { resume: '', pause: '' },
  'outside-calling-hours': { resume: 'fail', pause: 'fail' },
  'max-retries': { resume: '3', pause: '3' },
  'request-timeout': { resume: '30', pause: '30' },
  'max-parallel': { resume: '4', pause: '4' },
  'already-paused': { pause: 'leave' },
  'auto-resume': { pause: 'false' }
}
