// Regenerates docs/data-contract.md from the canonical table declaration.
import { writeFileSync } from 'node:fs';
import { describeContract } from '../src/domain/describe-contract.js';

writeFileSync(new URL('../docs/data-contract.md', import.meta.url), describeContract());
