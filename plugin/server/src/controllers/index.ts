import context from './context';
import identity from './identity';

export default { context, identity };
