import { describe, expect, it } from 'vitest'
import { createLoginThrottle } from './login-throttle.js'

describe('login throttle', () => {
  it('refuses after too many failures within the window, and allows again after it', () => {
    const throttle = createLoginThrottle({ maxFailures: 3, windowMs: 1000 })
    for (const t of [0, 100, 200]) {
      expect(throttle.retryAfterMs('a', t)).toBe(0)
      throttle.recordFailure('a', t)
    }
    expect(throttle.retryAfterMs('a', 300)).toBe(700)
    expect(throttle.retryAfterMs('b', 300)).toBe(0)
    expect(throttle.retryAfterMs('a', 1000)).toBe(0)
  })

  it('forgets failures after a successful sign-in', () => {
    const throttle = createLoginThrottle({ maxFailures: 1, windowMs: 1000 })
    throttle.recordFailure('a', 0)
    throttle.reset('a')
    expect(throttle.retryAfterMs('a', 10)).toBe(0)
  })
})
