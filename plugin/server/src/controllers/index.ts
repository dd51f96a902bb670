import context from './context';

export default { context };
