export { MessagesScreen as default } from '../../src/features/messages/MessagesScreen';
