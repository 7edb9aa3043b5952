export { analyzeForecast, parsePeriod, type ForecastOptions } from './analyze-forecast.js'
export { BOOKINGS_KINDS } from './point-in-time.js'
