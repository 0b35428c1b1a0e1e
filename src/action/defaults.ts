// Generated from action.yml and pause/action.yml by `npm run docs`; do not edit.
export const DEFAULTS = {
  resume: {
    'api-url': 'https://api.dialnexa.com/v1',
    'dry-run': 'false',
    'wait-for-paused': 'false',
    'poll-interval': '10',
    'wait-timeout': '600',
    'ignore-conflict': 'false',
    'calling-hours': '',
    'time-zone': '',
    'closed-dates': '',
    'outside-calling-hours': 'fail',
    'max-retries': '3',
    'request-timeout': '30',
    'max-parallel': '4'
  },
  pause: {
    'api-url': 'https://api.dialnexa.com/v1',
    'dry-run': 'false',
    'already-paused': 'leave',
    'ignore-conflict': 'false',
    'auto-resume': 'false',
    'calling-hours': '',
    'time-zone': '',
    'closed-dates': '',
    'outside-calling-hours': 'fail',
    'max-retries': '3',
    'request-timeout': '30',
    'max-parallel': '4'
  }
} as const
