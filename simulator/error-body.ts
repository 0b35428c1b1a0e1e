/** DialNexa's error shape: `{ statusCode, message, error }`. */

const ERROR_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout'
}

export function errorBody(
  status: number,
  message?: string | string[]
): {
  statusCode: number
  message: string | string[]
  error: string
} {
  const error = ERROR_NAMES[status] ?? 'Error'
  return { statusCode: status, message: message ?? error, error }
}
