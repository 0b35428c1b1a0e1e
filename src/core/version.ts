// Kept in step with package.json by a unit test; a JSON import would cost bundle complexity.
export const ACTION_VERSION = '1.0.0'
export const USER_AGENT = `dialnexa-resume-workflow-action/${ACTION_VERSION}`
