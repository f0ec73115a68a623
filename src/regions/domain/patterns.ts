/** Provider ids: lower-case letters, digits and dashes (`aws`, `ovhcloud`). */
export const PROVIDER_ID_PATTERN = /^[a-z][a-z0-9-]{1,31}$/;
/** Provider region codes as the providers write them (`eu-west-3`, `francecentral`, `europe-west9`). */
export const REGION_CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Region ids: `provider:code`. */
export const REGION_ID_PATTERN = /^[a-z][a-z0-9-]{1,31}:[a-z0-9][a-z0-9-]{0,63}$/;
/** Electricity Maps zone keys: `FR`, `US-MIDA-PJM`, `DK-DK2`, `IN-SO`. */
export const ZONE_PATTERN = /^[A-Z]{2}(-[A-Z0-9]{1,12}){0,3}$/;
