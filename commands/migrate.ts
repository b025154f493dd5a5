/**
 * `npm run migrate -- <environment> --to <profileId> | --finish`: moves an environment to another
 * inference profile in four steps, on the deploy runner (runner/migrate.ts).
 */
import { runMain } from "../runner/main";
import { migrate } from "../runner/migrate";

runMain((argv) => migrate(argv));
