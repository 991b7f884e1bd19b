// The google/type/*.proto common types Confluent bundles (ProtobufSchema.KNOWN_DEPENDENCIES), written here as
// minimal .proto files: the standard message, field and enum names and numbers, without comments or options.

const header = (imports: readonly string[] = []): string =>
  ['syntax = "proto3";', 'package google.type;', ...imports.map((i) => `import "${i}";`), ''].join('\n');

const enumeration = (name: string, constants: readonly string[]): string =>
  `enum ${name} {\n${constants.map((c, i) => `  ${c} = ${i};`).join('\n')}\n}\n`;

const message = (name: string, fields: readonly string[]): string =>
  `message ${name} {\n${fields.map((f, i) => `  ${f} = ${i + 1};`).join('\n')}\n}\n`;

const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER',
  'NOVEMBER', 'DECEMBER'];
const DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

const SOURCES: Readonly<Record<string, string>> = {
  calendar_period: header() + enumeration('CalendarPeriod',
    ['CALENDAR_PERIOD_UNSPECIFIED', 'DAY', 'WEEK', 'FORTNIGHT', 'MONTH', 'QUARTER', 'HALF', 'YEAR']),
  color: header(['google/protobuf/wrappers.proto']) + message('Color',
    ['float red', 'float green', 'float blue', 'google.protobuf.FloatValue alpha']),
  date: header() + message('Date', ['int32 year', 'int32 month', 'int32 day']),
  datetime: `${header(['google/protobuf/duration.proto'])}message DateTime {
  int32 year = 1;
  int32 month = 2;
  int32 day = 3;
  int32 hours = 4;
  int32 minutes = 5;
  int32 seconds = 6;
  int32 nanos = 7;
  oneof time_offset {
    google.protobuf.Duration utc_offset = 8;
    TimeZone time_zone = 9;
  }
}
${message('TimeZone', ['string id', 'string version'])}`,
  dayofweek: header() + enumeration('DayOfWeek', ['DAY_OF_WEEK_UNSPECIFIED', ...DAYS]),
  decimal: header() + message('Decimal', ['string value']),
  expr: header() + message('Expr', ['string expression', 'string title', 'string description', 'string location']),
  fraction: header() + message('Fraction', ['int64 numerator', 'int64 denominator']),
  interval: header(['google/protobuf/timestamp.proto']) + message('Interval',
    ['google.protobuf.Timestamp start_time', 'google.protobuf.Timestamp end_time']),
  latlng: header() + message('LatLng', ['double latitude', 'double longitude']),
  localized_text: header() + message('LocalizedText', ['string text', 'string language_code']),
  money: header() + message('Money', ['string currency_code', 'int64 units', 'int32 nanos']),
  month: header() + enumeration('Month', ['MONTH_UNSPECIFIED', ...MONTHS]),
  phone_number: `${header()}message PhoneNumber {
  oneof kind {
    string e164_number = 1;
    ShortCode short_code = 2;
  }
  string extension = 3;
${message('ShortCode', ['string region_code', 'string number']).replace(/^/gm, '  ').trimEnd()}
}
`,
  postal_address: header() + message('PostalAddress', [
    'int32 revision', 'string region_code', 'string language_code', 'string postal_code', 'string sorting_code',
    'string administrative_area', 'string locality', 'string sublocality', 'repeated string address_lines',
    'repeated string recipients', 'string organization',
  ]),
  quaternion: header() + message('Quaternion', ['double x', 'double y', 'double z', 'double w']),
  timeofday: header() + message('TimeOfDay', ['int32 hours', 'int32 minutes', 'int32 seconds', 'int32 nanos']),
};

export const GOOGLE_TYPE_FILES: readonly string[] = Object.keys(SOURCES).map((n) => `google/type/${n}.proto`);

export function googleTypeSource(path: string): string | undefined {
  const name = /^google\/type\/([a-z_]+)\.proto$/.exec(path)?.[1];
  return name !== undefined && Object.hasOwn(SOURCES, name) ? SOURCES[name] : undefined;
}
