declare module 'virtual:countries' {
  /** [ISO 3166 numeric, alpha-2, common English name], sorted by name (web/vite.config.ts). */
  const rows: [string, string, string][];
  export default rows;
}
