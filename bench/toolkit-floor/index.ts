import * as core from '@actions/core'
import { HttpClient } from '@actions/http-client'

// The toolkit floor: the two libraries every such action loads, making the same single POST.
const key = core.getInput('api-key')
core.setSecret(key)
const url = `${core.getInput('api-url')}/workflows/${core.getInput('workflow-id')}/resume`
const response = await new HttpClient('toolkit-floor').request('POST', url, null, {
  Authorization: `Bearer ${key}`
})
const record = JSON.parse(await response.readBody()) as { status?: string }
core.setOutput('status', record.status ?? '')
