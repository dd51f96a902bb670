import '@xyflow/react/dist/style.css';
import * as React from 'react';
import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import {
  Background,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  type NodeProps,
  type ReactFlowInstance,
} from '@xyflow/react';
import type { Flow } from '../../../../server/src/contracts';
import {
  LAYER_HEIGHT,
  TRIGGER_NODE,
  connect,
  disconnect,
  edgesOf,
  layout,
  removeStep,
  type NodeProblem,
} from '../../utils/flowGraph';
import { useTranslate } from '../../utils/translate';

export interface DiagramNodeData extends Record<string, unknown> {
  title: string;
  summary: string;
  /** enrolments waiting at this step now */
  waiting: number | null;
  /** contacts an effect step was carried out for */
  passed: number | null;
  problems: NodeProblem[];
  isStart: boolean;
  handles: Array<{ id: string; label: string }>;
}

type StepNodeType = Node<DiagramNodeData, 'step' | 'trigger'>;

interface Placement {
  position: { x: number; y: number };
  measured?: { width: number; height: number };
}

function DiagramNode({ id, data, selected, type }: NodeProps<StepNodeType>) {
  const t = useTranslate();
  const broken = data.problems.length > 0;
  return (
    <Box
      data-testid={`cxm-flow-node-${id}`}
      background={type === 'trigger' ? 'primary100' : 'neutral0'}
      hasRadius
      padding={3}
      borderColor={broken ? 'danger600' : selected ? 'primary600' : 'neutral200'}
      borderWidth={broken || selected ? '2px' : '1px'}
      borderStyle="solid"
      shadow="tableShadow"
      style={{ width: 220 }}
    >
      {type === 'step' && <Handle type="target" position={Position.Top} id="in" />}
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Flex gap={2} justifyContent="space-between" width="100%">
          <Typography variant="sigma" textColor="neutral600">
            {data.title}
          </Typography>
          {data.passed !== null && data.passed > 0 && (
            <Badge
              title={t('automations.node.passedTitle', 'Contacts this step was carried out for')}
            >
              {t('automations.node.passed', '{count} done', { count: data.passed })}
            </Badge>
          )}
          {data.waiting !== null && data.waiting > 0 && (
            <Badge active title={t('automations.node.waitingTitle', 'Contacts at this step now')}>
              {t('automations.node.waiting', '{count} here', { count: data.waiting })}
            </Badge>
          )}
        </Flex>
        <Typography fontWeight="bold" ellipsis style={{ maxWidth: 196 }}>
          {data.summary || id}
        </Typography>
        {broken && (
          <Typography variant="pi" textColor="danger600">
            {t('automations.node.problems', '{count, plural, one {# problem} other {# problems}}', {
              count: data.problems.length,
            })}
          </Typography>
        )}
      </Flex>
      {data.handles.map((handle, index) => {
        const left = `${((index + 1) / (data.handles.length + 1)) * 100}%`;
        return (
          <React.Fragment key={handle.id}>
            <Handle
              type="source"
              position={Position.Bottom}
              id={handle.id}
              style={{ left, width: 12, height: 12 }}
            />
            {handle.label && (
              <span
                style={{
                  position: 'absolute',
                  left,
                  bottom: -26,
                  transform: 'translateX(-50%)',
                  fontSize: 11,
                  whiteSpace: 'nowrap',
                }}
              >
                {handle.label}
              </span>
            )}
          </React.Fragment>
        );
      })}
    </Box>
  );
}

const NODE_TYPES = { step: DiagramNode, trigger: DiagramNode };
const FIT_VIEW = { maxZoom: 1, padding: 0.2 };

/**
 * The flow as a diagram: the trigger on top, steps as nodes, paths as edges. Drag from a
 * step's bottom handle to another step to connect, select an edge or step and press Delete (or
 * Backspace) to remove it. Positions are the diagram's own (the flow stores none): a first
 * layout from the paths, then wherever the user drags them.
 */
export function FlowDiagram({
  flow,
  nodeData,
  selected,
  onSelect,
  onChange,
}: {
  flow: Flow;
  nodeData: (id: string) => DiagramNodeData;
  selected: string | null;
  onSelect: (id: string | null) => void;
  /** an edit of the flow as it is then: node and edge removals of one key press arrive one after the other */
  onChange: (edit: (flow: Flow) => Flow) => void;
}) {
  const t = useTranslate();
  /** where each node is and how big it was measured; a node not placed yet goes below the others */
  const [placed, setPlaced] = React.useState<Record<string, Placement>>(() =>
    Object.fromEntries(Object.entries(layout(flow)).map(([id, position]) => [id, { position }]))
  );
  const [selectedEdge, setSelectedEdge] = React.useState<string | null>(null);
  const instance = React.useRef<ReactFlowInstance<StepNodeType> | null>(null);

  const nodes = React.useMemo((): StepNodeType[] => {
    let lowest = Math.max(0, ...Object.values(placed).map((place) => place.position.y));
    return [TRIGGER_NODE, ...flow.steps.map((step) => step.id)].map((id) => {
      const place = placed[id] ?? { position: { x: 0, y: (lowest += LAYER_HEIGHT) } };
      return {
        id,
        type: id === TRIGGER_NODE ? 'trigger' : 'step',
        position: place.position,
        ...(place.measured ? { measured: place.measured } : {}),
        data: nodeData(id),
        selected: id === selected,
        deletable: id !== TRIGGER_NODE,
      };
    });
  }, [flow, nodeData, selected, placed]);

  const edges: Edge[] = [
    ...(flow.steps.some((step) => step.id === flow.start)
      ? [
          {
            id: `${TRIGGER_NODE}:start`,
            source: TRIGGER_NODE,
            sourceHandle: 'start',
            target: flow.start,
            deletable: false,
          },
        ]
      : []),
    ...flow.steps.flatMap((step) =>
      edgesOf(step).flatMap((edge) =>
        edge.target && flow.steps.some((candidate) => candidate.id === edge.target)
          ? [
              {
                id: `${step.id}:${edge.handle}`,
                source: step.id,
                sourceHandle: edge.handle,
                target: edge.target,
              },
            ]
          : []
      )
    ),
  ].map((edge) => ({
    ...edge,
    targetHandle: 'in',
    selected: edge.id === selectedEdge,
    markerEnd: { type: MarkerType.ArrowClosed },
  }));

  const onNodesChange = (changes: NodeChange<StepNodeType>[]) => {
    const removed = changes.flatMap((change) => (change.type === 'remove' ? [change.id] : []));
    if (removed.length > 0) {
      onChange((current) => removed.reduce(removeStep, current));
      if (selected && removed.includes(selected)) onSelect(null);
    }
    // selection is the page's (it shows the step's form): only moves and sizes are the diagram's
    const moved = changes.filter(
      (change) => change.type === 'position' || change.type === 'dimensions'
    );
    if (moved.length === 0) return;
    // a step just drawn for the first time: show the whole flow with it
    if (moved.some((change) => change.type === 'dimensions' && !placed[change.id]?.measured))
      setTimeout(() => void instance.current?.fitView(FIT_VIEW), 0);
    setPlaced((current) => {
      const next = { ...current };
      for (const change of moved) {
        const place = next[change.id] ?? {
          position: nodes.find((node) => node.id === change.id)?.position ?? { x: 0, y: 0 },
        };
        if (change.type === 'position' && change.position)
          next[change.id] = { ...place, position: change.position };
        if (change.type === 'dimensions' && change.dimensions)
          next[change.id] = { ...place, measured: change.dimensions };
      }
      return next;
    });
  };

  const onEdgesChange = (changes: EdgeChange[]) => {
    const removed: Array<[string, string]> = [];
    for (const change of changes) {
      if (change.type === 'select') setSelectedEdge(change.selected ? change.id : null);
      if (change.type === 'remove') {
        const split = change.id.indexOf(':');
        const source = change.id.slice(0, split);
        if (source !== TRIGGER_NODE) removed.push([source, change.id.slice(split + 1)]);
      }
    }
    if (removed.length > 0)
      onChange((current) =>
        removed.reduce((flow, [source, handle]) => disconnect(flow, source, handle), current)
      );
  };

  const onConnect = (connection: Connection) => {
    if (connection.source === connection.target && connection.source === TRIGGER_NODE) return;
    onChange((current) =>
      connect(current, connection.source, connection.sourceHandle, connection.target)
    );
  };

  return (
    <Box
      height="560px"
      background="neutral100"
      hasRadius
      borderColor="neutral200"
      borderStyle="solid"
      borderWidth="1px"
      aria-label={t('automations.diagram', 'Flow diagram')}
      role="region"
    >
      <ReactFlow<StepNodeType>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeClick={(_event, node) => onSelect(node.id)}
        onPaneClick={() => onSelect(null)}
        deleteKeyCode={['Delete', 'Backspace']}
        onInit={(ready) => (instance.current = ready)}
        fitView
        fitViewOptions={FIT_VIEW}
        minZoom={0.3}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </Box>
  );
}
