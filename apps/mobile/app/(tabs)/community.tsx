export { CommunityScreen as default } from '../../src/features/community/CommunityScreen';
