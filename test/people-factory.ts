import { systemActor, type Actor } from '../src/kernel/actor.js';
import type { AppContext } from '../src/kernel/context.js';
import { createHousehold, registerPerson, type Person, type RegisterPersonInput } from '../src/modules/people/index.js';

/** Test data through the real services, never hand-written inserts. */
export const clerk: Actor = systemActor('test-clerk');
let n = 0;

export async function newPerson(ctx: AppContext, over: Partial<RegisterPersonInput> = {}, actor: Actor = clerk): Promise<Person> {
  n++;
  return registerPerson(ctx, actor, { fullName: `Nguyễn Văn Thử ${String.fromCharCode(65 + (n % 26))}`, birthDate: '1980-05-17', sex: 'M', ethnicity: '01', unitCode: '00004', ...over }, { reasonCode: 'initial_registration' });
}

export async function newHousehold(ctx: AppContext, head: Person, members: Array<{ person: Person; relation: string }> = [], unitCode = '00004') {
  return createHousehold(ctx, clerk, { unitCode, address: 'Số 12, phố Đội Cấn', headPin: head.pin, members: members.map((m) => ({ pin: m.person.pin, relation: m.relation })), validFrom: '2020-01-01' }, { reasonCode: 'residence_registration' });
}
