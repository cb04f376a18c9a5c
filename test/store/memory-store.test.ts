import { MemoryCallStore } from '../../src/store/memory-store';
import { describeCallStore } from './call-store-behaviour';

describeCallStore('MemoryCallStore', async () => new MemoryCallStore());
