export { RecordsScreen as default } from '../../src/features/records/RecordsScreen';
