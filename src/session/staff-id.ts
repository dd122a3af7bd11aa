// Staff IDs (the kiosk's sign-in, --operator, the supervisor's reviewer ID): the one check, used
// everywhere. An ID goes into every record, so it must match the city's pattern and must not be a
// My Number (an ID like 123456789018 would put one into the log a hundred times a day).
import { DEFAULT_OPERATOR_PATTERN } from '../config/schema.js';
import { operatorRegExp } from '../domain/ids.js';
import { idProblem } from '../pii/mynumber.js';

export type StaffIdProblem = 'operator-invalid' | 'operator-chars' | 'operator-too-short' | 'operator-too-long' | 'text-my-number';

export function staffIdProblem(pattern: string, id: string): StaffIdProblem | null {
  if (!operatorRegExp(pattern).test(id)) {
    // With the shipped pattern the rule broken can be named; a city's own pattern is only "not its form".
    if (pattern !== DEFAULT_OPERATOR_PATTERN) return 'operator-invalid';
    if (!/^[A-Za-z0-9-]*$/.test(id)) return 'operator-chars';
    return id.length < 2 ? 'operator-too-short' : 'operator-too-long';
  }
  return idProblem(id) ?? null;
}
