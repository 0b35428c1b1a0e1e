// Generated from action.yml and pause/action.yml by `npm run docs`; do not edit.
export const DEFAULTS = {
  resume: {
    'api-url': 'https://api.dialnexa.com/v1',
    'wait-for-paused': 'false',
    'poll-interval': '10',
    'wait-timeout': '600',
    'ignore-conflict': 'false',
    'max-retries': '3',
    'request-timeout': '30',
    'max-parallel': '4'
  },
  pause: {
    'api-url': 'https://api.dialnexa.com/v1',
    'ignore-conflict': 'false',
    'max-retries': '3',
    'request-timeout': '30',
    'max-parallel': '4',
    'auto-resume': 'false'
  }
} as const
