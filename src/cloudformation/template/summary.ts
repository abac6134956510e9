/**
 * What ValidateTemplate and GetTemplateSummary return about a template, as plain objects in the shapes of
 * the CloudFormation model (`ValidateTemplateResult`, `GetTemplateSummaryResult`). Members the template
 * has nothing for are left out, as AWS leaves them out of its XML.
 */
import { requiredCapabilities } from './capabilities.js';
import type { ParameterDeclaration, Template } from './model.js';
import { TEMPLATE_FORMAT_VERSION } from './structure.js';

export interface TemplateParameterSummary {
  ParameterKey: string;
  DefaultValue?: string;
  NoEcho: boolean;
  Description?: string;
}

export interface ValidateTemplateOutput {
  Parameters: TemplateParameterSummary[];
  Description?: string;
  Capabilities?: string[];
  CapabilitiesReason?: string;
  DeclaredTransforms?: string[];
}

export interface ParameterDeclarationSummary extends TemplateParameterSummary {
  ParameterType: string;
  ParameterConstraints: { AllowedValues?: string[] };
}

export interface ResourceIdentifierSummary {
  ResourceType: string;
  LogicalResourceIds: string[];
  ResourceIdentifiers: string[];
}

export interface GetTemplateSummaryOutput {
  Parameters: ParameterDeclarationSummary[];
  Description?: string;
  Capabilities?: string[];
  CapabilitiesReason?: string;
  ResourceTypes: string[];
  Version: string;
  Metadata?: string;
  DeclaredTransforms?: string[];
  ResourceIdentifierSummaries?: ResourceIdentifierSummary[];
}

function parameterSummary(p: ParameterDeclaration): TemplateParameterSummary {
  return {
    ParameterKey: p.name,
    ...(p.default !== undefined && { DefaultValue: p.default }),
    NoEcho: p.noEcho,
    ...(p.description !== undefined && { Description: p.description }),
  };
}

function capabilitiesAndTransforms(template: Template): Pick<ValidateTemplateOutput, 'Capabilities' | 'CapabilitiesReason' | 'DeclaredTransforms'> {
  const required = requiredCapabilities(template);
  return {
    ...(required.capabilities.length > 0 && { Capabilities: [...required.capabilities] }),
    ...(required.reason !== undefined && { CapabilitiesReason: required.reason }),
    ...(template.transforms.length > 0 && { DeclaredTransforms: [...template.transforms] }),
  };
}

export function validateTemplateOutput(template: Template): ValidateTemplateOutput {
  return {
    Parameters: [...template.parameters.values()].map(parameterSummary),
    ...(template.description !== undefined && { Description: template.description }),
    ...capabilitiesAndTransforms(template),
  };
}

export interface SummaryOptions {
  /** A resource type's primary identifier properties (for resource import); absent or undefined: none. */
  resourceIdentifiers?(type: string): readonly string[] | undefined;
}

export function templateSummary(template: Template, options: SummaryOptions = {}): GetTemplateSummaryOutput {
  const resourceTypes = [...new Set([...template.resources.values()].map((r) => r.type))];
  const identifierSummaries = resourceTypes.flatMap((type) => {
    const identifiers = options.resourceIdentifiers?.(type);
    if (!identifiers) return [];
    const ids = [...template.resources.values()].filter((r) => r.type === type).map((r) => r.logicalId);
    return [{ ResourceType: type, LogicalResourceIds: ids, ResourceIdentifiers: [...identifiers] }];
  });
  return {
    Parameters: [...template.parameters.values()].map((p) => ({
      ...parameterSummary(p),
      ParameterType: p.type.name,
      ParameterConstraints: p.allowedValues ? { AllowedValues: [...p.allowedValues] } : {},
    })),
    ...(template.description !== undefined && { Description: template.description }),
    ...capabilitiesAndTransforms(template),
    ResourceTypes: resourceTypes,
    Version: template.formatVersion ?? TEMPLATE_FORMAT_VERSION,
    ...(template.metadata !== undefined && { Metadata: JSON.stringify(template.metadata) }),
    ...(identifierSummaries.length > 0 && { ResourceIdentifierSummaries: identifierSummaries }),
  };
}
