// Every migration, oldest first. `npm run migration:generate -- <Name>` appends new ones here.
import { Foundation1763800000000 } from './1763800000000-foundation.js';

export const migrations = [Foundation1763800000000];
