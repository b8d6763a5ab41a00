import { Type } from '@sinclair/typebox';
import { requireOfficer, type App } from '../http.js';
import { Closed, Problem } from '../schemas.js';
import { addCalendarDay, dueDate, listCalendarYear, removeCalendarDay } from './calendar-service.js';
import { parseInstant } from './working-days.js';
import { AppError } from '../errors.js';

const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10 });
const Kind = Type.Union([Type.Literal('holiday'), Type.Literal('workday')]);
const CalendarDayView = Type.Object(
  { day: Type.String(), kind: Kind, name: Type.String(), source: Type.String(), provisional: Type.Boolean(), createdBy: Type.String(), createdAt: Type.String() },
  Closed,
);
const DueDateView = Type.Object(
  { received: Type.String(), due: Type.String(), workingDays: Type.Integer(), daysOff: Type.Integer(), cutoff: Type.String(), provisionalDays: Type.Array(Type.String()) },
  Closed,
);

/** The working-day calendar: read by every officer (deadlines are public), changed by administrators. */
export async function calendarRoutes(app: App): Promise<void> {
  app.get(
    '/api/calendar/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Public holidays and make-up working days of a year',
        params: Type.Object({ year: Type.Integer({ minimum: 1900, maximum: 2200 }) }, Closed),
        response: { 200: Type.Object({ year: Type.Integer(), loaded: Type.Boolean(), days: Type.Array(CalendarDayView) }, Closed), 400: Problem, 401: Problem },
      },
    },
    async (req) => {
      requireOfficer(req);
      return listCalendarYear(app.ctx, req.params.year);
    },
  );
  app.get(
    '/api/calendar/deadline',
    {
      schema: {
        tags: ['calendar'],
        summary: 'The due date N working days after reception (the reception day not counted; after the office cut-off, the next working day)',
        querystring: Type.Object(
          {
            from: Type.String({ maxLength: 40, description: 'ISO 8601 instant with offset, e.g. 2026-02-12T10:00+07:00' }),
            days: Type.Integer({ minimum: 0, maximum: 366 }),
            unit: Type.Optional(Type.String({ pattern: '^[0-9]{5}$', maxLength: 5 })),
          },
          Closed,
        ),
        response: { 200: DueDateView, 400: Problem, 401: Problem, 409: Problem },
      },
    },
    async (req) => {
      requireOfficer(req);
      const from = parseInstant(req.query.from);
      if (!from) throw new AppError('invalid', 'time_invalid', { vi: 'Thời điểm có dạng 2026-02-12T10:00+07:00.', en: 'The time is written like 2026-02-12T10:00+07:00.' }, { field: 'from' });
      return dueDate(app.ctx, from, req.query.days, req.query.unit ?? null);
    },
  );
  app.post(
    '/api/calendar/days',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Add a public holiday (a weekday) or a make-up working day (a weekend day)',
        body: Type.Object(
          {
            day: Day,
            kind: Kind,
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            source: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
            provisional: Type.Optional(Type.Boolean()),
          },
          Closed,
        ),
        response: { 201: CalendarDayView, 400: Problem, 401: Problem, 403: Problem, 409: Problem },
      },
    },
    async (req, reply) => {
      const day = await addCalendarDay(app.ctx, requireOfficer(req), req.body);
      return reply.code(201).send(day);
    },
  );
  app.delete(
    '/api/calendar/days/:day',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Remove a day from the calendar (the audit log keeps what it was and why)',
        params: Type.Object({ day: Day }, Closed),
        querystring: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 300 }) }, Closed),
        response: { 200: CalendarDayView, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req) => removeCalendarDay(app.ctx, requireOfficer(req), req.params.day, req.query.reason),
  );
}
