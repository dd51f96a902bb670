import context from './context';
import identity from './identity';
import events from './events';
import analytics from './analytics';

export default { context, identity, events, analytics };
