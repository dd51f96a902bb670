import type * as React from 'react';
import { Layouts, Page } from '@strapi/strapi/admin';

interface PluginPageProps {
  /** the page's heading, and the browser tab's title */
  title: string;
  subtitle?: React.ReactNode;
  /** a link back, above the title */
  navigationAction?: React.ReactNode;
  primaryAction?: React.ReactNode;
  secondaryAction?: React.ReactNode;
  children: React.ReactNode;
}

/** A page of the plugin: its title in the tab and the header, the header's actions, then its content. */
export function PluginPage({ title, children, ...header }: PluginPageProps) {
  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header title={title} {...header} />
      <Layouts.Content>{children}</Layouts.Content>
    </Page.Main>
  );
}
