import { callerRequestId } from './request-id.js';

describe('callerRequestId', () => {
  it.each([
    ['7c9e6679-7425-40de-944b-e07fc1f90ae7', '7c9e6679-7425-40de-944b-e07fc1f90ae7'],
    ['7C9E6679-7425-40DE-944B-E07FC1F90AE7', '7C9E6679-7425-40DE-944B-E07FC1F90AE7'],
    ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
  ])('adopts the UUID %p', (header, expected) => {
    expect(callerRequestId(header)).toBe(expected);
  });

  it.each([
    'JanaNovak-4111111111111111', // a name and a card number
    'jana.novak@example.com',
    '+4930123456789',
    'trace-abc.123', // harmless, but a shape that could as well hold the above
    '4111111111111111',
    '7c9e6679-7425-40de-944b-e07fc1f90ae7 ', // a UUID with more around it
    'x7c9e6679-7425-40de-944b-e07fc1f90ae7',
    '7c9e6679742540de944be07fc1f90ae7',
    'bad id with spaces',
    '',
    undefined,
  ])('makes its own instead of %p', (header) => {
    expect(callerRequestId(header)).toBeUndefined();
  });

  it('makes its own when the header is sent twice', () => {
    expect(callerRequestId(['7c9e6679-7425-40de-944b-e07fc1f90ae7', '7c9e6679-7425-40de-944b-e07fc1f90ae7'])).toBeUndefined();
  });
});
