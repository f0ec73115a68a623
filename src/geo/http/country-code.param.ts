import { Matches } from 'class-validator';

export class CountryCodeParam {
  @Matches(/^[A-Za-z]{2,3}$/, { message: 'must be an ISO 3166-1 alpha-2 or alpha-3 code such as FR or FRA' })
  code!: string;
}
