// The key under which tobs writes what Desktop's format cannot say; Desktop-format readers ignore it.
export const EXTRAS_KEY = 'tobs'
