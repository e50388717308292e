export { NotFoundScreen as default } from '../src/features/navigation/NotFoundScreen';
