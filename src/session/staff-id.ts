// Staff IDs (the kiosk's sign-in, --operator, the supervisor's reviewer ID): the one check, used
// everywhere. An ID goes into every record, so it must match the city's pattern and must not be a
// My Number (an ID like 123456789018 would put one into the log a hundred times a day).
import { operatorRegExp } from '../domain/ids.js';
import { idProblem } from '../pii/mynumber.js';

export type StaffIdProblem = 'operator-invalid' | 'text-my-number';

export function staffIdProblem(pattern: string, id: string): StaffIdProblem | null {
  if (!operatorRegExp(pattern).test(id)) return 'operator-invalid';
  return idProblem(id) ?? null;
}
