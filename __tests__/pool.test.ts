import { mapLimited } from '../src/core/pool.js'

describe('mapLimited', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0
    let peak = 0
    const results = await mapLimited([30, 10, 20, 5, 15], 2, async (ms, index) => {
      running++
      peak = Math.max(peak, running)
      await new Promise(resolve => setTimeout(resolve, ms))
      running--
      return `${index}:${ms}`
    })
    expect(results).toEqual(['0:30', '1:10', '2:20', '3:5', '4:15'])
    expect(peak).toBe(2)
  })

  it('handles fewer items than the limit, and none', async () => {
    await expect(mapLimited([1], 8, async n => n * 2)).resolves.toEqual([2])
    await expect(mapLimited([], 3, async n => n)).resolves.toEqual([])
  })
})
